/** Union-find over record ids: which records are connected by pairs. */
export class Clusters {
  private readonly parent = new Map<number, number>();

  private find(id: number): number {
    let root = id;
    for (let next = this.parent.get(root); next !== undefined && next !== root; next = this.parent.get(root)) root = next;
    // Path compression: point every id on the way straight at the root.
    for (let at = id; at !== root; ) {
      const next = this.parent.get(at) as number;
      this.parent.set(at, root);
      at = next;
    }
    return root;
  }

  /** Joins the groups of a and b; the smaller id stays the root, so a group's id is its smallest member. */
  union(a: number, b: number): void {
    if (!this.parent.has(a)) this.parent.set(a, a);
    if (!this.parent.has(b)) this.parent.set(b, b);
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }

  /** The smallest id of the group `id` is in. */
  groupOf(id: number): number {
    return this.parent.has(id) ? this.find(id) : id;
  }

  count(): number {
    let roots = 0;
    for (const [id, parent] of this.parent) if (id === parent) roots++;
    return roots;
  }
}
