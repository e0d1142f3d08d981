// One estimator benchmark case in a process of its own: `node estimator-case.js <case> <reps>`
// prints the case's figures as JSON (see estimators.bench.ts).
import { runCase } from "./estimators.bench.js";

const [name = "linear", reps = "7"] = process.argv.slice(2);
process.stdout.write(JSON.stringify(runCase(name, Number(reps))));
