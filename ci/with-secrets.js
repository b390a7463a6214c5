#!/usr/bin/env node
// Runs the chorus command of this package with the CI's secrets: CHORUS_SECRETS holds every secret of the
// repository as JSON (`${{ toJSON(secrets) }}` in GitHub Actions); only those named CHORUS_… are handed on.
// Used by templates/workflows/chorus-publish.yml, so a new account needs new secrets but no workflow edit.

const SOURCE = 'CHORUS_SECRETS';
const NAME = /^CHORUS_[A-Z0-9_]+$/;

const json = process.env[SOURCE];
delete process.env[SOURCE];
if (json !== undefined && json.trim() !== '') {
  let secrets;
  try {
    secrets = JSON.parse(json);
  } catch {
    secrets = undefined;
  }
  if (secrets === null || typeof secrets !== 'object' || Array.isArray(secrets)) {
    // Never echo the value: it holds secrets.
    process.stderr.write(
      `chorus: ${SOURCE} is not a JSON object of secrets; pass \${{ toJSON(secrets) }}.\n`,
    );
    process.exit(2);
  }
  for (const [name, value] of Object.entries(secrets)) {
    // A variable set in the job's own environment wins, as it does over .env.
    if (NAME.test(name) && name !== SOURCE && typeof value === 'string' && process.env[name] === undefined) {
      process.env[name] = value;
    }
  }
}
// bin/chorus.js reads its arguments from process.argv[2…], which are this script's arguments.
await import('../bin/chorus.js');
