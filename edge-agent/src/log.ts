export { createLogger, type Logger } from '@enclave/shared/node/log'
