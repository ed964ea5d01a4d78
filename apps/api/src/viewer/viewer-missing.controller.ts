import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** Served at / when the viewer has not been built, so the page says what to do instead of 404. */
@ApiExcludeController()
@Controller()
export class ViewerMissingController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  index(): string {
    return '<!doctype html><title>ragscope</title><h1>ragscope api is running</h1>' +
      '<p>The viewer is not built. Run <code>npm run build</code> and restart, or use <code>npm run dev</code> for development.</p>' +
      '<p>API: <a href="/api/docs">/api/docs</a> · <a href="/api/health">/api/health</a></p>';
  }
}
