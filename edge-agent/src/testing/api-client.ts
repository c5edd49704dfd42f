export { ApiClient, type ApiResponse } from '@enclave/shared/testing/api-client'
