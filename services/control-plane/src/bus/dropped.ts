/**
 * Counts messages a fan-out loop had to drop (undecodable, wrong shape, a
 * listener that threw) and logs the first one and then every `every`-th, so a
 * flood of garbage cannot flood the log while nothing goes unmentioned.
 */
export class DroppedMessages {
  private count = 0;

  constructor(
    private readonly what: string,
    private readonly log: (m: string) => void,
    private readonly every = 100,
  ) {}

  drop(subject: string, reason: string): void {
    this.count++;
    if (this.count === 1 || this.count % this.every === 0) {
      this.log(`${this.what}: dropped ${this.count} message(s) so far; latest on ${subject}: ${reason}`);
    }
  }
}
