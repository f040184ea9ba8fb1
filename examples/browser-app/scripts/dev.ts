/**
 * `pnpm dev`: builds the page (and rebuilds it on every change), serves it on 127.0.0.1 and
 * prints the URL, for a person to open and click: submit the form, then open the mock
 * inspector under it. Stop with Ctrl-C. `PORT` picks the port (default 5173; 0 = any free one).
 */
import { buildPage, servePage } from './serve.js';

const port = Number(process.env.PORT ?? 5173);
await buildPage({ watch: true });
let server: Awaited<ReturnType<typeof servePage>>;
try {
  server = await servePage(port);
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
  console.error(`Port ${port} is in use: run with PORT=<another port>, or PORT=0 for a free one.`);
  process.exit(1);
}
console.log(`Rex in the browser: ${server.url}`);
console.log("The page rebuilds when src/ or a package's dist/ changes; reload to see it. Ctrl-C stops.");
process.once('SIGINT', () => {
  server.close().then(() => process.exit(0));
});
