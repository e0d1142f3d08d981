#!/usr/bin/env node
// The `streamine` command: runs the sensor job (see program.ts) and sets the exit code.
import { runCli } from "./program.js";

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
