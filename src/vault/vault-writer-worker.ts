import Database from 'better-sqlite3';
import { serveConnectionWrites } from '../shared/connection-writer-thread.ts';
import { applyVaultWrites, configureVaultConnection, type VaultWrite } from './vault-writes.ts';

/**
 * The vault writer thread: owns the connections that write the vault files of this
 * process (usually one), so the fsync of every put waits here and not on the server's
 * event loop. One thread per process, not per vault: a worker running TypeScript takes a
 * few hundred milliseconds to start, which every vault opened (in tests, many) would pay.
 */
serveConnectionWrites<VaultWrite, boolean[]>(
  'vault-writer-worker.ts',
  (file) => {
    const opened = new Database(file, { fileMustExist: true });
    try {
      configureVaultConnection(opened, file);
    } catch (e) {
      opened.close();
      throw e;
    }
    return opened;
  },
  applyVaultWrites,
);
