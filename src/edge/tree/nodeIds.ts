// Explorer node ids: the connection id, region and table name, each encoded, joined with "/". A part may hold any
// character (a profile named "team/dev" is legal in ~/.aws/config, an endpoint connection may be named "a#b 50%"),
// so the characters that structure an id are escaped inside a part: "/" separates parts, "#" starts a node's suffix
// (error, filter, detail nodes) and "%" starts an escape. Everything else stays as typed, so ids stay readable
// ("endpoint:Local/us-east-1/Orders").

const RESERVED = /[%/#]/g;
const HAS_RESERVED = /[%/#]/;

/** One part of a node id, with "%", "/" and "#" percent-escaped. */
export function encodeIdPart(part: string): string {
  // Most parts (every DynamoDB table name, every region) have nothing to escape: they are returned as they are.
  if (!HAS_RESERVED.test(part)) return part;
  return part.replace(RESERVED, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The part as it was given to encodeIdPart. */
export function decodeIdPart(encoded: string): string {
  return encoded.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Joins raw parts (connection id, region, table) into a node id. */
export function joinNodeId(...parts: string[]): string {
  return parts.map(encodeIdPart).join('/');
}

/**
 * The raw parts of a node id (without a "#..." suffix): the inverse of joinNodeId. Ids of nodes that are not
 * connection, region or table nodes (a "#error" child, say) give the parts of the node they hang under.
 */
export function splitNodeId(id: string): string[] {
  const hash = id.indexOf('#');
  const path = hash >= 0 ? id.slice(0, hash) : id;
  return path === '' ? [] : path.split('/').map(decodeIdPart);
}

export const connectionNodeId = (connectionId: string): string => joinNodeId(connectionId);
export const regionNodeId = (connectionId: string, region: string): string => joinNodeId(connectionId, region);
export const tableNodeId = (connectionId: string, region: string, table: string): string => joinNodeId(connectionId, region, table);
