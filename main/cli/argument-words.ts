// The node names a bad argument by its API path ("tx.cosign.id: …") and zod's words ("Too big:
// expected string to have <=500 characters"). At the terminal, the clerk typed an argument or
// an option of a command, so the sentence names that (the co-signature request id, --reason,
// the file's "body") and says the rule in plain words.

/** API argument paths as the command line asks for them; longest prefix wins. */
const CLI_NAMES: Record<string, string> = {
  'setup.create.name': "--name (the collective's name)",
  'setup.create.roles': '--roles',
  'setup.join.code': 'the invite code',
  'setup.join.name': "--name (the collective's name)",
  'setup.join.roles': '--roles',
  'setup.restore.code': 'the invite code',
  'setup.restore.words': 'the recovery words',
  'setup.bindRestored.code': 'the invite code',
  'tx.cosign.id': 'the id of the transaction to co-sign',
  'tx.decline.id': 'the id of the transaction to decline',
  'tx.decline.reason': '--reason',
  'tx.submit.intent.type': 'the file\'s "type"',
  'tx.submit.intent.body': 'the file\'s "body"',
  'tx.submit.intent': 'the file',
  'report.make.period': '--period',
  'report.make.format': '--format',
  'report.make.checkpoint': '--checkpoint',
  'report.subsystem.period': '--period',
  'report.subsystem.subsystem': '--subsystem',
  'report.subsystem.format': '--format',
  'report.subsystem.checkpoint': '--checkpoint',
  'report.verify': 'the report file',
  'backup.create.path': 'the backup file',
  'backup.create.passphrase': 'the passphrase',
  'network.syncFolder.path': 'the folder'
}

/** zod's own phrases, said for people. */
function plainRule(rule: string): string {
  const tooBig = rule.match(/^Too big: expected (string|array) to have <=(\d+) (characters|items)$/)
  if (tooBig) return `at most ${tooBig[2]} ${tooBig[1] === 'string' ? 'characters' : 'of them'}`
  const tooSmall = rule.match(
    /^Too small: expected (string|array) to have >=(\d+) (characters|items)$/
  )
  if (tooSmall)
    return tooSmall[2] === '1'
      ? 'it may not be empty'
      : `at least ${tooSmall[2]} ${tooSmall[1] === 'string' ? 'characters' : 'of them'}`
  const oneOf = rule.match(/^Invalid option: expected one of (.+)$/)
  if (oneOf) return `one of ${oneOf[1]!.replace(/"/g, '').split('|').join(', ')}`
  const type = rule.match(/^Invalid input: expected (\w+)(, received \w+)?$/)
  if (type)
    return `${type[1] === 'string' ? 'a text' : type[1] === 'number' ? 'a number' : `a ${type[1]}`} is needed here`
  return rule
}

/** The CLI's words for the API path, or the last part of the path for one not in the table. */
function cliName(path: string, method: string): string {
  let best = ''
  for (const prefix of Object.keys(CLI_NAMES)) {
    if ((path === prefix || path.startsWith(prefix + '.')) && prefix.length > best.length)
      best = prefix
  }
  if (best) {
    // A list's index (the first of --roles) says nothing the rule does not.
    const rest = path
      .slice(best.length + 1)
      .split('.')
      .filter((part) => part && !/^\d+$/.test(part))
      .join('.')
    return rest ? `${CLI_NAMES[best]}, at ${rest}` : CLI_NAMES[best]!
  }
  const field = path.slice(method.length + 1)
  return field ? field.replace(/\.(\d+)/g, ' $1') : 'the arguments'
}

/**
 * An INVALID_ARGUMENTS message of the node (`<method>.<path>: <rule>` or `<method>.<path> is
 * missing: …`) as a sentence that names the argument the way this command line does.
 */
export function cliArgumentMessage(method: string, message: string): string {
  if (!message.startsWith(method)) return message
  const missing = message.match(/^([\w.]+) is missing(: .*)?$/)
  if (missing) return `${cliName(missing[1]!, method)} is missing`
  const ruled = message.match(/^([\w.]+): (.*)$/s)
  if (!ruled) return message
  return `${cliName(ruled[1]!, method)}: ${plainRule(ruled[2]!)}`
}
