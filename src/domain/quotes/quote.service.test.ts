// The quote service, one attribution pattern at a time, on short articles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findQuotes, type FoundQuote } from './index.js';

/** The quotes of a body (paragraphs), with an optional headline and standfirst. */
const quotes = (body: string[], standfirst = 'A standfirst.', headline = 'A headline') => findQuotes({ headline, standfirst, body });
/** Text and speaker (or role in brackets) of each quote. */
const who = (found: FoundQuote[]) => found.map((q) => [q.text, q.speaker ?? (q.description ? `[${q.description}]` : null)]);

test('simple attributions after and before a quote, with straight and curly marks', () => {
  const found = quotes([
    'Jane Hale took command of the ship in May.',
    '"We are proud," said Captain Jane Hale.',
    '“Nothing is agreed,” Ms Hale said, before leaving.',
    '"Is this the end?" asked Dr Omar Patel.',
    '“We will hold the line” — General Sir Patrick Sanders.',
    'Ms Hale said: "Wait."',
    'Ms Hale said "the crew will be home by Christmas".',
  ]);
  assert.deepEqual(who(found), [
    ['We are proud', 'Jane Hale'],
    ['Nothing is agreed', 'Jane Hale'],
    ['Is this the end?', 'Omar Patel'],
    ['We will hold the line', 'Patrick Sanders'],
    ['Wait.', 'Jane Hale'],
    ['the crew will be home by Christmas', 'Jane Hale'],
  ]);
  assert.deepEqual(
    found.map((q) => [q.reason, q.standalone]),
    [
      ['named', true],
      ['named', false],
      ['named', true],
      ['named', true],
      ['named', false],
      ['named', false],
    ],
  );
  assert.ok(found.every((q) => q.confidence > 0.9));
});

test('a lead-in ending one paragraph gives the next, quote-only paragraph its speaker', () => {
  const found = quotes(['Minister for Defence Procurement Alan Prentiss said:', '"Boxer gives our soldiers the protection they need."']);
  assert.deepEqual(who(found), [['Boxer gives our soldiers the protection they need.', 'Alan Prentiss']]);
  assert.deepEqual(found[0]?.paragraphs, [1]);
  assert.equal(found[0]?.standalone, true);
});

test('agency style: a quote over several paragraphs is one quote, with its attribution first or last', () => {
  const lead = quotes([
    'Defence Secretary Margaret Alden said: "This deployment marks a new chapter.',
    '"Our sailors will work alongside allies from Japan to Australia.',
    '"I could not be prouder."',
    'The group sails in May.',
  ]);
  assert.deepEqual(who(lead), [
    [
      'This deployment marks a new chapter. Our sailors will work alongside allies from Japan to Australia. I could not be prouder.',
      'Margaret Alden',
    ],
  ]);
  assert.deepEqual(lead[0]?.paragraphs, [0, 1, 2]);
  assert.equal(lead[0]?.standalone, false);

  const trailing = quotes([
    'Prime Minister Helen Marchbank spoke in Vilnius.',
    '"Our commitment to Estonia is not a gesture.',
    '"The threat on this border is real.',
    '"So we will do more," she said.',
  ]);
  assert.deepEqual(who(trailing), [
    ['Our commitment to Estonia is not a gesture. The threat on this border is real. So we will do more', 'Helen Marchbank'],
  ]);
  assert.deepEqual(trailing[0]?.paragraphs, [1, 2, 3]);
});

test('a quote left open at the end of a paragraph not followed by one ends there, with less confidence', () => {
  const found = quotes([
    'Immigration Minister Clare Holt said: "These reservists bring skills we need.',
    'The union called it a sticking plaster.',
  ]);
  assert.deepEqual(who(found), [['These reservists bring skills we need.', 'Clare Holt']]);
  assert.ok((found[0]?.confidence ?? 1) < 0.9);
});

test('an interrupted quote is joined around its attribution', () => {
  const found = quotes([
    '"These figures are a scandal," said Priya Lamont, the Liberal Democrat spokesperson, "and ministers should be ashamed."',
    '"She never let us down," added Sergeant Tom Eddings, a loadmaster. "Not once."',
    '"You could land it on a dirt strip," he said, "and take off again."',
  ]);
  assert.deepEqual(who(found), [
    ['These figures are a scandal, and ministers should be ashamed.', 'Priya Lamont'],
    ['She never let us down. Not once.', 'Tom Eddings'],
    ['You could land it on a dirt strip, and take off again.', 'Tom Eddings'],
  ]);
  // Each part with its own attribution stays a quote of its own.
  const separate = quotes(['"We are ready," said Jane Hale. "So are we," said Omar Patel.']);
  assert.deepEqual(who(separate), [
    ['We are ready', 'Jane Hale'],
    ['So are we', 'Omar Patel'],
  ]);
});

test('roles and organisations are kept as the description, and resolved when the article names the holder', () => {
  const found = quotes([
    'A ministry spokesperson said: "The aircraft were monitored at all times."',
    '"It is the hardest environment we operate in," the Marines said in a statement.',
    '"Safety comes first," a Network Rail spokeswoman said.',
    'Thames Water said: "Use water wisely."',
    'The Armed Forces Minister, Luke Brannigan, visited the squadron.',
    '"This is what our crews train for," the minister said.',
    '"The Prime Minister has every confidence," the Prime Minister\'s official spokesman said.',
  ]);
  assert.deepEqual(who(found), [
    ['The aircraft were monitored at all times.', '[a ministry spokesperson]'],
    ['It is the hardest environment we operate in', '[Marines]'],
    ['Safety comes first', '[a Network Rail spokeswoman]'],
    ['Use water wisely.', '[Thames Water]'],
    ['This is what our crews train for', 'Luke Brannigan'],
    ['The Prime Minister has every confidence', "[Prime Minister's official spokesman]"],
  ]);
  assert.deepEqual(
    found.map((q) => q.reason),
    ['role', 'role', 'role', 'role', 'role-holder', 'role'],
  );
  assert.equal(found[4]?.description, 'minister');
});

test('a definite role is resolved only to a holder the text names, preferring an exact description', () => {
  const found = quotes([
    'Defence Secretary Margaret Alden and the shadow defence secretary, Owen Tate, clashed in the Commons.',
    '"The review will be honest," the Defence Secretary said.',
    '"It is months late," the shadow defence secretary said.',
    'Lord Ferris, a former NATO deputy commander, led the review.',
    '"We listened to everyone," the former commander said.',
    '"It is fully funded," a Treasury official said.',
    '"Nobody asked us," the admiral said.',
  ]);
  assert.deepEqual(who(found), [
    ['The review will be honest', 'Margaret Alden'],
    ['It is months late', 'Owen Tate'],
    ['We listened to everyone', 'Lord Ferris'],
    ['It is fully funded', '[a Treasury official]'],
    // No admiral is named: the role is all the article says.
    ['Nobody asked us', '[admiral]'],
  ]);
});

test('"the statement added" is whoever issued the statement', () => {
  const found = quotes([
    'Pentagon Press Secretary Maj. Gen. Carla Benning said in a statement: "This deployment is a prudent step."',
    '"The battery will remain under US command," the statement added.',
  ]);
  assert.deepEqual(
    found.map((q) => q.speaker),
    ['Carla Benning', 'Carla Benning'],
  );
});

test('a name after a preposition is not the speaker', () => {
  const found = quotes([
    'John Smith and Mary Jones were not at the hearing.',
    'A spokesman for Mr Smith said: "No comment."',
    'An aide to Mrs Jones said: "She is travelling."',
    'Speaking on behalf of Mr Smith, Ms Lee said: "We will appeal."',
    '"Later," said Mr Smith, a friend of Ms Lee.',
    'Mr Obama and Mr Putin said: "We agree."',
  ]);
  assert.deepEqual(who(found), [
    ['No comment.', '[a spokesman for Mr Smith]'],
    ['She is travelling.', '[an aide to Mrs Jones]'],
    ['We will appeal.', 'Ms Lee'],
    ['Later', 'John Smith'],
    ['We agree.', null],
  ]);
  assert.equal(found[4]?.reason, 'several-speakers');
});

test('apposition between a name and its verb, on either side of the name', () => {
  const found = quotes([
    'James Smith, spokesman for the task force, said: "The ships are ready."',
    'His barrister, Clare Whitlow, said: "He is ashamed."',
    'Lord Hadley, who led the armed forces from 2016 to 2019, was quoted as saying: "There is nothing left to cut."',
    '"It is a gimmick," said Colonel Richard Bain (retd), a former commanding officer.',
    'Private Sam Leckie, 19, making his first jump, said: "You just think about your drills."',
  ]);
  assert.deepEqual(who(found), [
    ['The ships are ready.', 'James Smith'],
    ['He is ashamed.', 'Clare Whitlow'],
    ['There is nothing left to cut.', 'Lord Hadley'],
    ['It is a gimmick', 'Richard Bain'],
    ['You just think about your drills.', 'Sam Leckie'],
  ]);
  assert.equal(found[0]?.description, 'spokesman for the task force');
  assert.equal(found[1]?.description, 'his barrister');
});

test('"was quoted as saying", "told the BBC" and "said in a statement"', () => {
  const found = quotes([
    '"I was just doing my job," Major Anne Tolley told the BBC after the ceremony.',
    '"It belongs to everyone I have worked with," she was quoted as saying by her local paper.',
    'Labour defence spokesman Ravi Chandra told Sky News: "These are serious warnings."',
    'The Ministry of Defence said in a statement: "The Army will remain at its current size."',
  ]);
  assert.deepEqual(who(found), [
    ['I was just doing my job', 'Anne Tolley'],
    ['It belongs to everyone I have worked with', 'Anne Tolley'],
    ['These are serious warnings.', 'Ravi Chandra'],
    ['The Army will remain at its current size.', '[Ministry of Defence]'],
  ]);
});

test('a quote-only paragraph after an attributed one is a follow-on by the same speaker', () => {
  const found = quotes([
    'Detective Inspector Gillian Rennie said: "Flying a drone over the base is a serious offence."',
    '"I would urge anyone who saw anything to get in touch."',
    'A Royal Navy spokesperson said: "We are supporting the police."',
    '"The base was not compromised."',
    'The base is on the Gare Loch.',
    '"Lest we forget."',
  ]);
  assert.deepEqual(who(found), [
    ['Flying a drone over the base is a serious offence.', 'Gillian Rennie'],
    ['I would urge anyone who saw anything to get in touch.', 'Gillian Rennie'],
    ['We are supporting the police.', '[a Royal Navy spokesperson]'],
    ['The base was not compromised.', '[a Royal Navy spokesperson]'],
    // A paragraph of narrative in between: nothing says who said it.
    ['Lest we forget.', null],
  ]);
  assert.deepEqual(
    found.map((q) => q.reason),
    ['named', 'follow-on', 'role', 'follow-on', 'unattributed'],
  );
});

test('a quote-only paragraph after reported speech is credited to the person reported', () => {
  const found = quotes([
    'Town council leader Janet Orme said the decision had come as a "hammer blow" to local businesses.',
    '"Half the shops on the high street depend on the soldiers."',
  ]);
  assert.deepEqual(who(found), [['Half the shops on the high street depend on the soldiers.', 'Janet Orme']]);
  assert.equal(found[0]?.reason, 'reported-speech');
});

test('pronouns go to the last subject, not the last person mentioned, and never to an unnamed role', () => {
  const found = quotes([
    'Mr Brannigan was shown around Tapa camp by Brigadier Sarah Quinlan, who commands the brigade. He said:',
    '"The soldiers I met today are the best of us."',
    "Describing a visit by Estonia's president, Alar Kivi, Brigadier Quinlan said the troops were welcome.",
    '"He told our soldiers they were as welcome as his own," she said.',
    'Rear Admiral James Fenwick-Lowe met Surgeon Commander Louise Barrow last week. She told him the fleet was stretched.',
    '"A grey warship is not a hospital," she said.',
    'The Russian President then left. He said:',
    '"Goodbye."',
  ]);
  assert.deepEqual(who(found), [
    ['The soldiers I met today are the best of us.', 'Mr Brannigan'],
    ['He told our soldiers they were as welcome as his own', 'Sarah Quinlan'],
    ['A grey warship is not a hospital', 'Louise Barrow'],
    ['Goodbye.', null],
  ]);
  assert.equal(found[3]?.reason, 'unresolved-pronoun');
});

test('"they" and "it" go to an organisation or group, never to one person', () => {
  const found = quotes([
    '"It is the hardest environment," the Marines said in a statement.',
    '"Norway is our second home," they added.',
    'BAE Systems said the order would keep the line open. It said: "We are proud to build Typhoon."',
    'Transport Secretary Louise Haigh and Veterans Minister Simon Aske announced the scheme.',
    '"Those who served should travel free," they said.',
  ]);
  assert.deepEqual(who(found), [
    ['It is the hardest environment', '[Marines]'],
    ['Norway is our second home', '[Marines]'],
    ['We are proud to build Typhoon.', '[BAE Systems]'],
    ['Those who served should travel free', null],
  ]);
});

test('descriptive words before a name are its description, not part of it', () => {
  const found = quotes([
    'Tory former defence minister Sir Nicholas Ashdown said last night: "This is an act of national self-harm."',
    '"You cannot be a maritime nation without ships," said retired Major General Julian Cross.',
    'Prosecutor Daniel Frame told the court: "This was a business."',
    'Resident Marjorie Tillott, 82, told the PA news agency: "The water came up through the floor."',
  ]);
  assert.deepEqual(who(found), [
    ['This is an act of national self-harm.', 'Nicholas Ashdown'],
    ['You cannot be a maritime nation without ships', 'Julian Cross'],
    ['This was a business.', 'Daniel Frame'],
    ['The water came up through the floor.', 'Marjorie Tillott'],
  ]);
  assert.equal(found[0]?.description, 'Tory former defence minister');
});

test('names in capitals in bylines and captions are names', () => {
  const found = quotes([
    'By MARTIN HOLLOWAY, DEFENCE EDITOR',
    "'We gave our best years to this country': Former Royal Marine DEREK ASHWORTH, 71, led the march",
    "Mr Ashworth said: 'I never thought I would march against my own government.'",
    "ANGER: Veteran JOAN MERRIMAN, 68, said: 'My husband died waiting for this money'",
    '"It was a clean drop" – Brigadier TOM HAWKSWORTH, commander of 16 Air Assault Brigade',
  ]);
  assert.deepEqual(who(found), [
    ['We gave our best years to this country', 'Derek Ashworth'],
    ['I never thought I would march against my own government.', 'Derek Ashworth'],
    ['My husband died waiting for this money', 'Joan Merriman'],
    ['It was a clean drop', 'Tom Hawksworth'],
  ]);
});

test('a title-case headline is never a speaker and teaches no names', () => {
  const found = quotes(
    [
      'Families lined the harbour wall as HMS Severn came home.',
      '"Every day was worth it," he said.',
      '"I am proud of them," Mr Delaney said.',
    ],
    'HMS Severn has returned to Portsmouth.',
    'Sailors Hail Ross Delaney Homecoming',
  );
  assert.deepEqual(who(found), [
    ['Every day was worth it', null],
    // Named in the headline only: shown as the body writes him.
    ['I am proud of them', 'Mr Delaney'],
  ]);
});

test('slogans and inscriptions are offered with no speaker; phrases borrowed into a sentence are not offered', () => {
  const found = quotes([
    'Protesters gathered, chanting "Stop arming war" as MPs arrived.',
    'One banner read: "No more wars."',
    'A card on one wreath said simply: "For Dad."',
    'The so-called "peace plan" failed, and the minister called it "a disgrace".',
    'Britain will "not stand by", the government said.',
  ]);
  assert.deepEqual(who(found), [
    ['Stop arming war', null],
    ['No more wars.', null],
    ['For Dad.', null],
  ]);
  assert.ok(found.every((q) => q.reason === 'unattributed' && q.confidence === 0));
});

test('nested single quotes stay in the words; single-quote copy keeps its apostrophes', () => {
  const nested = quotes(['Tom Ridley said, "He told me \'never take the shirt for granted\', and I never have."']);
  assert.deepEqual(who(nested), [["He told me 'never take the shirt for granted', and I never have.", 'Tom Ridley']]);

  const single = quotes([
    "Carol Whitby, 52, said last night: 'I have lived here for 20 years. I don't know where we'll go.",
    "'The Marines' families were told we would always be looked after.'",
    "A spokesman said it was 'reviewing the case'.",
  ]);
  assert.deepEqual(who(single), [
    [
      "I have lived here for 20 years. I don't know where we'll go. The Marines' families were told we would always be looked after.",
      'Carol Whitby',
    ],
  ]);
});

test('a mark that closes nothing is ignored, and a body given as text with CRLF line endings is split into paragraphs', () => {
  const stray = quotes(['Russia said it would be an \'enormous mistake" not to work with him.']);
  assert.deepEqual(stray, []);
  const text = 'Jane Hale took command.\r\n\r\n"We are proud," said\r\nCaptain Jane Hale.\r\n';
  const found = findQuotes({ body: text });
  assert.deepEqual(who(found), [['We are proud', 'Jane Hale']]);
  assert.deepEqual(found[0]?.paragraphs, [1]);
});

test('passive verbs, partitives, single-word organisations and relative clauses', () => {
  const found = quotes([
    '"Get out," the soldiers were told.',
    '"We want a ceasefire," Hamas said.',
    '"We were just doing our job," one of the firefighters said.',
    'Mr Smith said he had spoken to Mrs Jones, who told him: "It is finished."',
    '"It\'s a disgrace," fumed Labour MP Jo Bloggs.',
    'Speaking to the BBC, former head of the Army General Sir Nick Parker said: "We are short of people."',
    'Ann Lee, 42, of Leeds, was rescued from the flat.',
    '"It was terrifying," the 42-year-old said.',
  ]);
  assert.deepEqual(who(found), [
    ['Get out', null],
    ['We want a ceasefire', '[Hamas]'],
    ['We were just doing our job', '[one of the firefighters]'],
    ['It is finished.', 'Mrs Jones'],
    ["It's a disgrace", 'Jo Bloggs'],
    ['We are short of people.', 'Nick Parker'],
    ['It was terrifying', 'Ann Lee'],
  ]);
});

test('a quote opening a sentence takes the speaker of the sentence before it', () => {
  const found = quotes([
    'Nato said the exercise would go ahead. "We will not be deterred."',
    '"We are ready," Jane Hale said, before leaving the bridge. "The crew has trained for this."',
    'The weather turned. "Nobody expected it."',
  ]);
  assert.deepEqual(who(found), [
    ['We will not be deterred.', '[Nato]'],
    ['We are ready', 'Jane Hale'],
    ['The crew has trained for this.', 'Jane Hale'],
    ['Nobody expected it.', null],
  ]);
  assert.deepEqual(
    found.map((q) => q.reason),
    ['reported-speech', 'named', 'follow-on', 'unattributed'],
  );
});
