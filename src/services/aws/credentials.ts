// Credentials of a profile of the shared AWS files, resolved by the SDK's fromIni and kept until shortly before expiry.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { toStudioError, type CredentialSource } from '../../model/errors';
import type { ProfileInfo } from './profiles';

export interface SharedFiles {
  configFile: string;
  credentialsFile: string;
}

export interface CredentialHooks {
  /** Asks the person for the current code of an MFA device when an assume-role profile has mfa_serial. */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
}

/** Temporary credentials are fetched again this long before they expire, so no request is signed with dying keys. */
export const CREDENTIAL_REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * The credentials provider of one profile connection, built on the SDK's fromIni; the client pool keeps one per
 * connection and gives it to the clients of every region, so its cache is the only one above the SDK's. fromIni covers static keys, SSO, assume-role (with MFA through the hook),
 * credential_process and web identity. The SDK module is loaded on the first call, not when this is created, so
 * activating the extension does not load it.
 *
 * The SDK's SSO step reads the files named by AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE (or the defaults),
 * not the paths given here; loadSharedConfig derives these paths from the same variables, so both agree.
 */
export function createProfileCredentials(
  profile: ProfileInfo,
  files: SharedFiles,
  hooks: CredentialHooks = {},
): AwsCredentialIdentityProvider {
  let cached: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  let sdkProvider: AwsCredentialIdentityProvider | undefined;

  const resolve = async (properties: Record<string, unknown> | undefined): Promise<AwsCredentialIdentity> => {
    try {
      if (!sdkProvider) {
        const { fromIni } = await import('@aws-sdk/credential-providers');
        sdkProvider = fromIni({
          profile: profile.name,
          filepath: files.credentialsFile,
          configFilepath: files.configFile,
          mfaCodeProvider: hooks.mfaCodeProvider,
          // Read the files again at each resolution: the person may have edited them since the last one.
          ignoreCache: true,
        });
      }
      return await sdkProvider(properties);
    } catch (err) {
      throw credentialsError(err, profile);
    }
  };

  return (properties?: Record<string, unknown>) => {
    if (cached && !properties?.forceRefresh && !expiresSoon(cached)) return Promise.resolve(cached);
    // Callers that ask at the same time share one resolution (one SSO call, one MFA prompt).
    pending ??= resolve(properties)
      .then((credentials) => (cached = credentials))
      .finally(() => (pending = undefined));
    return pending;
  };
}

function expiresSoon(credentials: AwsCredentialIdentity): boolean {
  return credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() <= CREDENTIAL_REFRESH_MARGIN_MS;
}

/** How a profile gets its credentials, for messages that name the command renewing them. */
export function credentialSource(profile: ProfileInfo): CredentialSource {
  return { profile: profile.name, kind: profile.kind, ssoLoginProfile: profile.ssoLoginProfile };
}

function credentialsError(err: unknown, profile: ProfileInfo) {
  // An assume-role profile whose source is an SSO profile is signed in through that source profile: the
  // credential source carries that name, so the fix command is `aws sso login --profile <source>`.
  return toStudioError(err, { operation: `Loading the credentials of profile "${profile.name}"`, profile: profile.name, credentials: credentialSource(profile) });
}
