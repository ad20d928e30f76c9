export { buildApp, type AppDeps } from './app';
export { appConfig, loadEnv, type AppConfig, type Env } from './env';
