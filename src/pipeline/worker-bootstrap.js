// Entry of the pipeline worker thread: installs the TypeScript loader, then runs worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
