// Regions where DynamoDB is offered, and the order in which a connection lists its regions.

export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

export interface DynamoDbRegion {
  /** Region code, e.g. us-east-1. */
  name: string;
  /** Name a person reads, e.g. "US East (N. Virginia)". */
  label: string;
  partition: AwsPartition;
}

// DynamoDB is a launch service of every public region, so this is the region list of the SDK's partitions
// "aws", "aws-cn" and "aws-us-gov" with their descriptions (a unit test checks it against the installed SDK).
// The isolated partitions and the European Sovereign Cloud are left out: they need their own accounts and endpoints.
export const DYNAMODB_REGIONS: readonly DynamoDbRegion[] = [
  { name: 'us-east-1', label: 'US East (N. Virginia)', partition: 'aws' },
  { name: 'us-east-2', label: 'US East (Ohio)', partition: 'aws' },
  { name: 'us-west-1', label: 'US West (N. California)', partition: 'aws' },
  { name: 'us-west-2', label: 'US West (Oregon)', partition: 'aws' },
  { name: 'af-south-1', label: 'Africa (Cape Town)', partition: 'aws' },
  { name: 'ap-east-1', label: 'Asia Pacific (Hong Kong)', partition: 'aws' },
  { name: 'ap-east-2', label: 'Asia Pacific (Taipei)', partition: 'aws' },
  { name: 'ap-northeast-1', label: 'Asia Pacific (Tokyo)', partition: 'aws' },
  { name: 'ap-northeast-2', label: 'Asia Pacific (Seoul)', partition: 'aws' },
  { name: 'ap-northeast-3', label: 'Asia Pacific (Osaka)', partition: 'aws' },
  { name: 'ap-south-1', label: 'Asia Pacific (Mumbai)', partition: 'aws' },
  { name: 'ap-south-2', label: 'Asia Pacific (Hyderabad)', partition: 'aws' },
  { name: 'ap-southeast-1', label: 'Asia Pacific (Singapore)', partition: 'aws' },
  { name: 'ap-southeast-2', label: 'Asia Pacific (Sydney)', partition: 'aws' },
  { name: 'ap-southeast-3', label: 'Asia Pacific (Jakarta)', partition: 'aws' },
  { name: 'ap-southeast-4', label: 'Asia Pacific (Melbourne)', partition: 'aws' },
  { name: 'ap-southeast-5', label: 'Asia Pacific (Malaysia)', partition: 'aws' },
  { name: 'ap-southeast-6', label: 'Asia Pacific (New Zealand)', partition: 'aws' },
  { name: 'ap-southeast-7', label: 'Asia Pacific (Thailand)', partition: 'aws' },
  { name: 'ca-central-1', label: 'Canada (Central)', partition: 'aws' },
  { name: 'ca-west-1', label: 'Canada West (Calgary)', partition: 'aws' },
  { name: 'eu-central-1', label: 'Europe (Frankfurt)', partition: 'aws' },
  { name: 'eu-central-2', label: 'Europe (Zurich)', partition: 'aws' },
  { name: 'eu-north-1', label: 'Europe (Stockholm)', partition: 'aws' },
  { name: 'eu-south-1', label: 'Europe (Milan)', partition: 'aws' },
  { name: 'eu-south-2', label: 'Europe (Spain)', partition: 'aws' },
  { name: 'eu-west-1', label: 'Europe (Ireland)', partition: 'aws' },
  { name: 'eu-west-2', label: 'Europe (London)', partition: 'aws' },
  { name: 'eu-west-3', label: 'Europe (Paris)', partition: 'aws' },
  { name: 'il-central-1', label: 'Israel (Tel Aviv)', partition: 'aws' },
  { name: 'me-central-1', label: 'Middle East (UAE)', partition: 'aws' },
  { name: 'me-south-1', label: 'Middle East (Bahrain)', partition: 'aws' },
  { name: 'me-west-1', label: 'Middle East (Saudi Arabia)', partition: 'aws' },
  { name: 'mx-central-1', label: 'Mexico (Central)', partition: 'aws' },
  { name: 'sa-east-1', label: 'South America (Sao Paulo)', partition: 'aws' },
  { name: 'sa-west-1', label: 'South America (Chile)', partition: 'aws' },
  { name: 'cn-north-1', label: 'China (Beijing)', partition: 'aws-cn' },
  { name: 'cn-northwest-1', label: 'China (Ningxia)', partition: 'aws-cn' },
  { name: 'us-gov-east-1', label: 'AWS GovCloud (US-East)', partition: 'aws-us-gov' },
  { name: 'us-gov-west-1', label: 'AWS GovCloud (US-West)', partition: 'aws-us-gov' },
];

const REGIONS_BY_NAME = new Map(DYNAMODB_REGIONS.map((r) => [r.name, r]));

/** The label of a known region ("US East (N. Virginia)"), or undefined for a custom one. */
export function regionLabel(name: string): string | undefined {
  return REGIONS_BY_NAME.get(name)?.label;
}

/**
 * Whether a string has the shape of a region name: lower-case letters, digits and inner dashes, at most 63
 * characters (a DNS label, which is what the SDK requires). Unknown names pass on purpose: DynamoDB Local and other
 * local endpoints accept any region, such as "ddblocal" or "localhost".
 */
export function isValidRegionName(name: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(name);
}

/** The regions a connection lists: the primary first, then the extras in the given order, without repeats or invalid names. */
export function orderRegions(primary: string | undefined, extra: readonly string[]): string[] {
  const ordered: string[] = [];
  for (const candidate of [primary, ...extra]) {
    const name = candidate?.trim();
    if (name && isValidRegionName(name) && !ordered.includes(name)) ordered.push(name);
  }
  return ordered;
}
