// Imported into tap's runner process by scripts/test.sh: tap spawns every test file with
// `process.execPath` and a fixed argument list that loads @tapjs/processinfo; pointing
// execPath at test/loader/node.sh starts the same node without that import. The real
// binary is passed on in the environment for node.sh to exec.
import { fileURLToPath } from 'node:url';

process.env.TAIZHANG_TEST_NODE ??= process.execPath;
process.execPath = fileURLToPath(new URL('./node.sh', import.meta.url));
