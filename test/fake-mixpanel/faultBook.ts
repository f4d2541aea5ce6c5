/** What a fault needs to be found and used up: the paths and method it matches, and how many times it applies. */
export interface BookedFault {
  readonly path?: RegExp;
  readonly method?: string;
  /** How many matching requests it applies to; unlimited when absent. */
  times?: number;
}

/**
 * The faults a test switched on, for either door of the fake Mixpanel (the HTTP server and the
 * in-memory API): the first one that matches a request is taken, and one that has run out goes.
 */
export class FaultBook<F extends BookedFault> {
  private faults: F[] = [];

  add(fault: F): void {
    this.faults.push({ ...fault });
  }

  clear(): void {
    this.faults = [];
  }

  take(method: string, path: string): F | undefined {
    const index = this.faults.findIndex((fault) => (!fault.path || fault.path.test(path)) && (!fault.method || fault.method === method));
    if (index < 0) {
      return undefined;
    }
    const fault = this.faults[index];
    if (fault.times !== undefined && --fault.times <= 0) {
      this.faults.splice(index, 1);
    }
    return fault;
  }
}
