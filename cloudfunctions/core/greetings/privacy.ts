// Greetings sent to a person (the ledger holds their openid and the rendered text): shown in
// myData and deleted with the rest. The inbox entries themselves are the inbox subject's.
import { deletable, registerPersonalData } from '../privacy';
import { GREETINGS } from './model';

registerPersonalData(deletable('greetings', GREETINGS));
