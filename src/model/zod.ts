// zod as both sides of the webview protocols use it. Webviews forbid eval in their Content-Security-Policy;
// without jitless, zod probes for eval with new Function on its first parse, which the policy refuses and reports
// as a violation on every load. Importing zod from here makes the setting hold before any schema runs.
import { z } from 'zod';

z.config({ jitless: true });

export { z };
