import { Controller, Get, Header } from '@nestjs/common';
import { METRICS_CONTENT_TYPE, metricsText } from '@uehub/observability';
import { Public } from '../http/auth.guard';

/** Prometheus metrics of the gateway process (outside the API prefix, like health). */
@Controller('metrics')
@Public()
export class MetricsController {
  @Get()
  @Header('content-type', METRICS_CONTENT_TYPE)
  @Header('cache-control', 'no-store')
  metrics(): Promise<string> {
    return metricsText();
  }
}
