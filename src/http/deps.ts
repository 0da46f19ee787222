import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/create-db.js';
import type { Logger } from '../logger.js';
import type { SecretBox } from '../secrets/secret-box.js';

/** What the HTTP layer is built from (composition root: main.ts; tests: test/helpers/app.ts). */
export interface AppDeps {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly logger: Logger;
  readonly secretBox: SecretBox;
  /** The clock, in epoch ms; tests pass their own. */
  readonly now: () => number;
  /** Called after a delivery to a project is committed (the server recomputes its lead-time cache soon). */
  readonly afterDelivery?: (projectId: string) => void;
}
