// Errors of the node facade, with codes the hosts pass on to the user interface.
export class NodeError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
    this.name = 'NodeError'
  }
}
