// How a profile gets its credentials. Its own module so that code bundled for webviews (through errors.ts) does
// not pull in the Node-only profile loader.
export type ProfileKind = 'static' | 'sso' | 'assume-role' | 'credential-process' | 'web-identity' | 'unknown';
