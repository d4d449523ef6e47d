// Nest's RMQ client and server, with one fix: amqp-connection-manager's channel wrappers emit 'error' when a
// channel's setup fails (e.g. the broker closes the connection mid-setup) and Nest attaches no listener, so the
// error would surface as an unhandled rejection and stop the process. Here every channel gets a logging listener;
// the connection manager reconnects and re-runs the setup on its own.
import { Logger } from '@nestjs/common';
import { ClientRMQ, ServerRMQ } from '@nestjs/microservices';
import type { AmqpConnectionManager, ChannelWrapper, CreateChannelOpts } from 'amqp-connection-manager';

function observeChannels(connection: AmqpConnectionManager, logger: Logger): AmqpConnectionManager {
  const createChannel = connection.createChannel.bind(connection);
  connection.createChannel = (options?: CreateChannelOpts): ChannelWrapper => {
    const channel = createChannel(options);
    channel.on('error', (error: Error) => logger.warn({ msg: 'channel setup failed; will retry on reconnect', error: String(error) }));
    return channel;
  };
  return connection;
}

export class ObservedClientRMQ extends ClientRMQ {
  override createClient(): AmqpConnectionManager {
    return observeChannels(super.createClient() as AmqpConnectionManager, new Logger('RabbitMQ publisher'));
  }
}

export class ObservedServerRMQ extends ServerRMQ {
  override createClient<T = AmqpConnectionManager>(): T {
    return observeChannels(super.createClient() as AmqpConnectionManager, new Logger('RabbitMQ consumer')) as T;
  }
}
