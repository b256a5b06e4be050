// An error the local servers answer the way DynamoDB's JSON 1.0 protocol does: `__type` (namespace#Name), message,
// HTTP status.
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
