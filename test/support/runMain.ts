/**
 * Runs a test runner's async main and exits with its code; a crash of the runner itself is
 * printed and counted as one failed test, so CI's closing "N passed, N failed" line stays honest.
 */
export function runMain(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`[${name}] ${err.stack ?? err}`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    },
  );
}
