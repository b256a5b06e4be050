// Cheap tests on a file's name and text, run on every opened document, so the parsers are loaded only for files
// that may declare DynamoDB tables.

export function mayDeclareTables(fileName: string, text: string): boolean {
  if (/\.tf$/i.test(fileName)) return /resource\s+"aws_dynamodb_table"/.test(text);
  if (/\.(ya?ml|json|template)$/i.test(fileName)) return /AWS::(DynamoDB::Table|Serverless::SimpleTable)/.test(text) && /Resources/.test(text);
  return false;
}

/** Other files a Terraform file's variables and locals may come from: the folder's .tf and .tfvars files. */
export function isTerraformNeighbour(fileName: string): boolean {
  return /\.(tf|tfvars)$/i.test(fileName);
}
