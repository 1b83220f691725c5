import type { Command } from 'commander';
import { readConfig } from '../../core/config.ts';
import { startServer } from '../../server/main.ts';
import { note, type CliIo } from '../io.ts';

export function serveCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('start the web server and API (what `npm start` runs)')
    .option('--port <port>', 'port to listen on (env PORT, default 3000)')
    .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .action(async (options: { port?: string; host?: string }) => {
      const config = readConfig({ ...io.env, ...(options.port ? { PORT: options.port } : {}), ...(options.host ? { HOST: options.host } : {}) });
      const server = await startServer(config, (line) => note(io, line));
      await new Promise<void>((resolve) => {
        const stop = () => {
          note(io, 'kehu: shutting down');
          server.close().then(resolve, resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
