export {
  databaseUrl,
  deleteTopologies,
  dropDatabases,
  EventCapture,
  expectEventually,
  testAmqpUrl,
  testDatabaseServerUrl,
  uniquePrefix,
} from './test-services';
export { TcpProxy } from './tcp-proxy';
export { requestJson } from './http';
export type { JsonResponse } from './http';
export { mintToken, tamperedToken, unsignedToken } from './tokens';
export type { TokenOptions } from './tokens';
export { OtlpReceiver } from './otlp-receiver';
export type { ReceivedSpan } from './otlp-receiver';
export { buildServices, ServiceProcess } from './service-process';
export { metricValue, parseMetrics, promtoolProblems } from './prometheus';
export type { Sample } from './prometheus';
export { SmtpSink } from './smtp-sink';
export type { ReceivedEmail } from './smtp-sink';
export { FakeSmsProvider } from './fake-sms-provider';
export type { ReceivedSms, SmsAnswer } from './fake-sms-provider';
