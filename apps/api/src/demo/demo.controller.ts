import { BadRequestException, Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import type { DemoDatasetName } from '@ragscope/demo';
import { DemoService } from './demo.service';

class StartDemoDto {
  @ApiPropertyOptional({ enum: ['vaswani', 'cranfield'], default: 'vaswani' }) @IsOptional() @IsIn(['vaswani', 'cranfield']) dataset?: DemoDatasetName;
  @ApiPropertyOptional({ default: false, description: 'drop the demo collection, map, eval set and evaluations first' }) @IsOptional() @IsBoolean() reset?: boolean;
}

@ApiTags('demo')
@Controller('demo')
export class DemoController {
  constructor(private readonly demo: DemoService) {}

  @Get()
  @ApiOperation({ summary: 'The demo: whether it is on, its latest job, and the map, evaluation and collection it made' })
  status() {
    return this.demo.status();
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Load a demo dataset (Vaswani, or Cranfield with graded qrels) as a job' })
  async start(@Body() body: StartDemoDto) {
    try {
      return await this.demo.start(body.dataset ?? 'vaswani', body.reset ?? false);
    } catch (error) {
      throw new BadRequestException((error as Error).message);
    }
  }
}
