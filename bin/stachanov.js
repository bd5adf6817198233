#!/usr/bin/env node
// The `stachanov` command. The sources are TypeScript; tsx loads them without a build step.
import { register } from 'tsx/esm/api'

register()
await import('../main/cli/index.ts')
