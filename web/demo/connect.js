// Gives the widget its host adapter before the widget's script defines the element (this
// module runs first), so the pool opens once, already connected to the ATS backend.
import { httpHostAdapter } from './host-adapter.js';
import { applyRecruiter } from './recruiter.js';

applyRecruiter(document.querySelectorAll('runnerup-pool'));

for (const widget of document.querySelectorAll('runnerup-pool')) widget.host = httpHostAdapter('/api/events');
