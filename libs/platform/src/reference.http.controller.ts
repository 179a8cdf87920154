import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ReferenceDataService } from './reference-data.service.js';

@ApiTags('reference')
@ApiBearerAuth()
@Controller('reference')
export class ReferenceHttpController {
  constructor(@Inject(ReferenceDataService) private readonly reference: ReferenceDataService) {}

  @Get()
  get() {
    return this.reference.data;
  }
}
