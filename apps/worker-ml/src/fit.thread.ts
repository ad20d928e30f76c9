// The worker threads' entry: the model fits of packages/forecasting, off the main event loop.
import { FIT_TASKS } from '@marketfleet/forecasting';
import { serveThreadTasks } from '@marketfleet/runtime';

serveThreadTasks(FIT_TASKS);
