// Run by shutdown.int.test.ts as the grandchild of the test: registers onShutdown with one
// closer that prints a line, then idles until something stops it.
import { createLogger } from './logger';
import { SupervisedEnv } from './env';
import { onShutdown } from './shutdown';

const { MARKETFLEET_STOP_WITH_PARENT: stopWithParent } = SupervisedEnv.parse(process.env);
onShutdown(createLogger('stops-with-parent', 'silent'), { timeoutMs: 5_000, stopWithParent }, () => {
  process.stdout.write('closer ran\n');
});
process.stdout.write(`ready ${process.pid}\n`);
setInterval(() => {}, 1_000);
