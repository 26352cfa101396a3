// Grant passes in bulk (seed 003's AddPassesJob): one tasklet step. The
// front desk registers a bulk grant ("Pilates opens: a trial class for every
// member") for a time; on that day this job gives each member of the group
// a pass and marks the grant COMPLETED.
//
//   node bulk-grant-passes.mjs [--date=2026-11-23] [--data-dir=DIR]
import { jobParameters, runJob, tasklet } from "../sdk/dist/index.js";
import { gymOptions, openGym } from "./lib/gym.mjs";

const parameters = jobParameters(process.argv.slice(2));
const { date, dataDir } = gymOptions(parameters);
const gym = openGym(dataDir);

const grant = tasklet("add-passes", (ctx) => {
  const due = gym
    .read("bulk_passes")
    .filter((b) => b.status === "READY" && b.startedAt.slice(0, 10) <= date)
    .sort((a, b) => a.bulkPassSeq - b.bulkPassSeq);
  if (due.length === 0) ctx.log(`no bulk grants due on ${date}`);
  for (const bulk of due) {
    const granted = gym.transaction((db) => {
      const members = db
        .read("user_groups")
        .filter((g) => g.userGroupId === bulk.userGroupId)
        .map((g) => g.userId);
      const passes = db.read("passes");
      // A member who already got this grant (a run that died half-way) does not get it twice.
      const have = new Set(passes.filter((p) => p.bulkPassSeq === bulk.bulkPassSeq).map((p) => p.userId));
      let nextSeq = Math.max(0, ...passes.map((p) => p.passSeq)) + 1;
      const fresh = members
        .filter((m) => !have.has(m))
        .map((userId) => ({
          passSeq: nextSeq++,
          packageSeq: bulk.packageSeq,
          userId,
          status: "READY",
          remainingCount: bulk.count,
          startedAt: bulk.startedAt.slice(0, 10),
          endedAt: bulk.endedAt.slice(0, 10),
          holdUntil: null,
          expiredAt: null,
          bulkPassSeq: bulk.bulkPassSeq,
        }));
      db.write("passes", [...passes, ...fresh]);
      db.write(
        "bulk_passes",
        db.read("bulk_passes").map((b) => (b.bulkPassSeq === bulk.bulkPassSeq ? { ...b, status: "COMPLETED" } : b)),
      );
      return { members: members.length, fresh: fresh.length };
    });
    ctx.counters.read += granted.members;
    ctx.counters.write += granted.fresh;
    ctx.counters.filter += granted.members - granted.fresh;
    ctx.counters.commit++;
    ctx.log(`bulk grant ${bulk.bulkPassSeq}: ${granted.fresh} passes for group ${bulk.userGroupId}`);
    ctx.report();
  }
});

console.log(`Granting the bulk passes due on ${date} (data in ${dataDir})`);
await runJob("bulk-grant-passes", [grant]);
