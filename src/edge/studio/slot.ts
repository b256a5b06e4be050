// A typed place in the Studio for a service built by a higher edge folder (item editing lives in editors/, which
// imports studio/, so the Studio cannot name its type): the folder defines the slot, fills it once at activation,
// and reads it back through the Studio, which owns and disposes what it holds.
export class Slot<T> {
  constructor(readonly name: string) {}
  // Only for the type checker: keeps Slot<A> and Slot<B> apart.
  declare private readonly type: T;
}
