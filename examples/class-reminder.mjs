// Class reminder 10 minutes before class (seed 003's notification job):
// two steps. The first finds the bookings of classes starting in the next
// ten minutes and queues a notification for each; the second sends the
// queued ones several at a time (the seed's multi-threaded step), skipping
// members who left no phone number.
//
//   node class-reminder.mjs [--date=2026-11-23] [--time=19:50] [--data-dir=DIR]
import { asyncProcessor, chunk, jobParameters, runJob } from "../sdk/dist/index.js";
import { addMinutes, gymOptions, openGym } from "./lib/gym.mjs";

class NoPhoneNumberError extends Error {}

const parameters = jobParameters(process.argv.slice(2));
const { date, dataDir } = gymOptions(parameters);
const time = parameters.time ?? "19:50";
if (!/^\d{2}:\d{2}$/.test(time)) {
  console.error(`--time must be HH:MM; got ${time}`);
  process.exit(2);
}
const from = `${date}T${time}`;
const to = addMinutes(from, 10);
const gym = openGym(dataDir);

// Both readers take a snapshot when the step starts; a restart runs the step
// again from the start, and the processors leave out what is already done.
const queue = chunk("add-notifications", {
  reader: {
    open: () =>
      gym
        .read("bookings")
        .filter((b) => b.status === "READY" && b.startedAt > from && b.startedAt <= to)
        .sort((a, b) => a.bookingSeq - b.bookingSeq),
  },
  processor(booking) {
    const queued = gym.read("notifications").some((n) => n.bookingSeq === booking.bookingSeq);
    if (queued) return null;
    return {
      bookingSeq: booking.bookingSeq,
      userId: booking.userId,
      event: "BEFORE_CLASS",
      text: `${booking.className} starts at ${booking.startedAt.slice(11)}. See you soon!`,
      sent: false,
      sentAt: null,
    };
  },
  writer(notifications) {
    gym.transaction((db) => {
      const all = db.read("notifications");
      let seq = all.length;
      db.write("notifications", [...all, ...notifications.map((n) => ({ notificationSeq: ++seq, ...n }))]);
    });
  },
  commitInterval: 5,
});

const phones = new Map(gym.read("users").map((u) => [u.userId, u.phone]));

const send = chunk("send-notifications", {
  reader: {
    open: () =>
      gym
        .read("notifications")
        .filter((n) => n.event === "BEFORE_CLASS" && !n.sent)
        .sort((a, b) => a.notificationSeq - b.notificationSeq),
  },
  // Sending waits on the messaging provider, so four go out at once.
  processor: asyncProcessor(
    async (notification) => {
      const phone = phones.get(notification.userId);
      if (!phone) throw new NoPhoneNumberError(`member ${notification.userId} has no phone number`);
      await new Promise((resolve) => setTimeout(resolve, 5 + (notification.notificationSeq % 4) * 5));
      return { notificationSeq: notification.notificationSeq, sentAt: to };
    },
    { concurrency: 4 },
  ),
  writer(sent) {
    gym.transaction((db) => {
      const bySeq = new Map(sent.map((s) => [s.notificationSeq, s]));
      db.write(
        "notifications",
        db.read("notifications").map((n) => (bySeq.has(n.notificationSeq) ? { ...n, sent: true, sentAt: to } : n)),
      );
    });
  },
  commitInterval: 4,
  skipLimit: 10,
  isSkippable: (err) => err instanceof NoPhoneNumberError,
});

console.log(`Reminding members of classes starting after ${from} and by ${to} (data in ${dataDir})`);
await runJob("class-reminder", [queue, send]);
