// Entry of the row-cleaning thread: loads its TypeScript through tsx, as the edge itself does.
import { register } from 'tsx/esm/api'

register()
await import('./clean-thread.ts')
