import { AppPackageError, buildAppPackage, readEnvironment } from './appPackage';

/** `npm run package [-- env [sourceDir]]`: the Teams app package for env/.env.{env} (default: dev). */
async function main(): Promise<void> {
  const [env = 'dev', sourceDir] = process.argv.slice(2);
  const path = await buildAppPackage(env, { ...readEnvironment(env), ...process.env }, sourceDir);
  console.log(`Teams app package: ${path}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof AppPackageError || error instanceof Error ? error.message : error);
  process.exit(1);
});
