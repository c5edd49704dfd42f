import { ConfigError } from '../config'

/**
 * Runs a server until SIGINT or SIGTERM, then closes it and exits. Invalid configuration exits
 * with code 2 and the message naming the variable, without a stack trace.
 */
export async function runService(start: () => Promise<{ close(): Promise<void> }>): Promise<void> {
  try {
    const service = await start()
    const stop = () => {
      service.close().then(
        () => process.exit(0),
        () => process.exit(1),
      )
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(2)
    }
    throw error
  }
}
