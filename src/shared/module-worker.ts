import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on an ES module of this project, whether it runs as TypeScript
 * through tsx or built to JavaScript. On Node 20 tsx installs its loader in the main thread
 * only, so a `.ts` entry is loaded through a bootstrap that registers tsx in the worker first.
 */
export function startModuleWorker(entry: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (path.extname(fileURLToPath(entry)) !== '.ts') return new Worker(entry, options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { execArgv: [], ...options, eval: true });
}

/** `./name` beside `moduleUrl`, with the extension `moduleUrl` has (.ts under tsx, .js when built). */
export function siblingModule(moduleUrl: string, name: string): URL {
  return new URL(`./${name}${path.extname(fileURLToPath(moduleUrl))}`, moduleUrl);
}
