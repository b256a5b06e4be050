// The environment of a test workbench or extension host that must see only its own AWS files: a private HOME (no
// ~/.aws of the machine), the given config and credentials files, and nothing from the calling shell.
'use strict';

const path = require('node:path');

/**
 * @param {{ home: string, awsDir: string }} where  HOME and the folder holding `config` and `credentials`
 * @returns {Record<string, string | undefined>} undefined values are removed from the child's environment
 */
function isolatedAwsEnv({ home, awsDir }) {
  return {
    HOME: home,
    AWS_CONFIG_FILE: path.join(awsDir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // Credentials or a profile from the calling shell would change what the explorer shows.
    AWS_PROFILE: undefined,
    AWS_DEFAULT_PROFILE: undefined,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_ENDPOINT_URL: undefined,
    AWS_ENDPOINT_URL_DYNAMODB: undefined,
  };
}

module.exports = { isolatedAwsEnv };
