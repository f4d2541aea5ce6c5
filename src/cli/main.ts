import { runProgram } from './program';

/** The `mixpanel-imports` executable: the program over this process's streams and environment. */
runProgram(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  interactive: process.stdin.isTTY === true && process.stderr.isTTY === true && !process.env.CI,
}).then((code) => {
  process.exitCode = code;
}, () => {
  process.exitCode = 1;
});
