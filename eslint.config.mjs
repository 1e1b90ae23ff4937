// n8n's default lint config (@n8n/node-cli, the rules `n8n-node lint` and the verification scanner apply), unchanged,
// over everything except what never ships: tests, the sandbox, e2e, benchmarks and examples run Node-only code
// (fs, http, child_process, timers) that the n8n Cloud rules forbid in a node. This is the one difference from the
// default, and why package.json says "strict": false (strict mode requires the default file as it is).
import { config } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';

export default [globalIgnores(['test/', 'sandbox/', 'e2e/', 'bench/', 'examples/', 'coverage/']), ...config];
