/**
 * Common given names whose bearers are usually men or usually women, so that "she" can pass
 * over "James Fenwick-Lowe" to "Louise Barrow" when no honorific says who is who. A short list
 * of frequent British and international names, not a census: a name not listed simply carries
 * no gender, and the pronoun step then trusts the sentence's subject as before.
 */

const MEN = (
  'aaron adam adrian aidan alan alastair albert alex alexander alfie alfred ali alistair andrew andy angus anthony archie arthur ' +
  'barry ben benjamin bernard bill billy bob brendan brian bruce callum calum cameron carl charles charlie chris christopher ' +
  'colin connor conor craig dan daniel darren david dean declan dennis derek dominic donald douglas duncan dylan eddie edward ' +
  'elliot eric ewan finn francis frank fraser gareth gary gavin geoffrey george gerald gordon graham grant greg gregory guy ' +
  'harry harvey henry howard hugh iain ian isaac jack jacob jake james jamie jason jeremy jim jimmy joe joel john jon jonathan ' +
  'joseph josh joshua keith kenneth ken kevin kieran kyle lee leo leon lewis liam luke malcolm marcus mark martin matthew max ' +
  'michael mike mohammed muhammad nathan neil nicholas nick nigel noah oliver oscar owen patrick paul peter phil philip ' +
  'phillip ralph raymond reece rhys richard rob robert robin rory ross roy russell ryan sam samuel scott sean shaun simon ' +
  'stephen steve steven stuart terry theo thomas tim timothy toby tom tommy tony trevor tyler vincent wayne william ' +
  'vladimir boris dmitry sergei oleksii volodymyr tomasz piotr hans klaus pierre jean luis carlos ahmed omar tariq miles'
).split(' ');

const WOMEN = (
  'abigail ada alice alison amanda amber amelia amy andrea angela ann anna anne annie bethany beth caroline carol catherine ' +
  'charlotte chloe claire clare daisy danielle deborah debbie diane donna dorothy eleanor elizabeth ella ellie emily emma ' +
  'erin esther eve evelyn fiona florence frances freya gemma georgia gillian grace hannah harriet hazel heather helen holly ' +
  'imogen isabel isabella isla jacqueline jane janet jasmine jennifer jenny jessica jo joan joanna joanne josephine judith ' +
  'julia julie karen kate katherine kathryn kath katie kay kelly kim laura lauren leah linda lisa lorraine louise lucy lydia ' +
  'maggie margaret maria marie marion marjorie mary maureen megan melanie mia michelle molly nadia naomi natalie nicola nina ' +
  'olivia paula pauline penelope penny philippa poppy priya rachel rebecca rose rosie ruby ruth sally samantha sandra sarah ' +
  'sharon sheila sian siobhan sophie stephanie susan suzanne tara teresa theresa tracey valerie vanessa victoria wendy yvonne ' +
  'zoe olga natalia irina oksana agnieszka marta ingrid karin aisha fatima maryam'
).split(' ');

const GENDER = new Map<string, 'm' | 'f'>();
for (const n of MEN) GENDER.set(n, 'm');
for (const n of WOMEN) GENDER.set(n, 'f');

/** The usual gender of a given name ("Louise" -> 'f'), or null when the name is not listed. */
export function genderOfGivenName(name: string): 'm' | 'f' | null {
  return GENDER.get(name.toLowerCase()) ?? null;
}
