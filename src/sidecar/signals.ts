import {stderr} from '../log/stderr.ts';
import type {Logger} from '../log.ts';
import type {SidecarPhase} from './phases.ts';

const SHUTDOWN_SIGNALS: ReadonlySet<NodeJS.Signals> = new Set(['SIGTERM', 'SIGINT']);

/*
The sidecar's signal listener. Only SIGTERM and SIGINT mean anything to it (`onShutdown`); any other signal
(SIGHUP from a tool, SIGQUIT or SIGUSR1 meant for a server) is logged and ignored, since ending the sidecar would
cost the pod its refuse window.
*/
export const sidecarSignalListener =
  (log: Logger, phase: () => SidecarPhase, onShutdown: () => void) =>
  (signal: NodeJS.Signals): void => {
    const ignored = (): void =>
      log.warn({signal, phase: phase()}, `${signal} ignored: only SIGTERM and SIGINT stop the sidecar`);
    if (SHUTDOWN_SIGNALS.has(signal)) {
      log.info({signal, phase: phase()}, `${signal} received`);
      onShutdown();
    } else if (signal === 'SIGPIPE') {
      // graceful's own write to a stderr without a reader raises SIGPIPE too: logging that one again would loop.
      void Promise.resolve(stderr.claimSigpipe()).then((own) => {
        if (own) log.debug({signal}, "SIGPIPE from graceful's own write to a closed stderr: ignored");
        else ignored();
      });
    } else {
      ignored();
    }
  };
