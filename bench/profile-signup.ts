// Not a benchmark (no baseline): times the core's sign-up click and the "sessies" list in-process, for
// profiling: `node --cpu-prof --import tsx bench/profile-signup.ts`. Knob: N (3000 sign-ups).
import { Driver, sessionsCsv } from "../tests/support/driver.js";

const n = Number(process.env.N ?? 3000);
const sessions = Math.ceil(n / 900);
const ids = Array.from({ length: sessions }, (_, i) => `BIG${i}`);
const driver = new Driver({
  sessionsCsv: sessionsCsv([...ids.map((id) => ({ id, capacity: 1000 })), { id: "WARM", capacity: 10 }]),
});
for (let i = 0; i < n; i++) driver.gp(`u${i}`).signUp("WARM", `Dokter ${i}`, "huisarts");
const join = (from: number, to: number) => {
  for (let i = from; i < to; i++) driver.gp(`u${i}`).click("signup.join", ids[i % sessions]);
};
join(0, 300);
let started = performance.now();
join(300, n);
const perJoin = (performance.now() - started) / (n - 300);
started = performance.now();
for (let i = 0; i < 1000; i++) driver.gp(`u${i}`).say("sessies");
const perList = (performance.now() - started) / 1000;
console.log(
  `signup.join ${perJoin.toFixed(3)} ms/op; "sessies" ${perList.toFixed(3)} ms/op (${sessions + 1} sessions)`,
);
driver.close();
