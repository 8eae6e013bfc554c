import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CROPS, cropBox, cropWidths, focalKey } from './image-crops.js';

test('a crop is the largest box of its shape, centred on the focal point as far as the edges allow', () => {
  // A 1600 × 900 picture is already 16:9: the card is all of it, wherever the focal point is.
  assert.deepEqual(cropBox(1600, 900, 16 / 9, { x: 0.9, y: 0.1 }), { left: 0, top: 0, width: 1600, height: 900 });
  // A square from it: 900 wide, centred on x = 0.5 → left 350.
  assert.deepEqual(cropBox(1600, 900, 1, { x: 0.5, y: 0.5 }), { left: 350, top: 0, width: 900, height: 900 });
  // Focal point near an edge: the box stops at the edge rather than leaving the picture.
  assert.deepEqual(cropBox(1600, 900, 1, { x: 0.02, y: 0.5 }), { left: 0, top: 0, width: 900, height: 900 });
  assert.deepEqual(cropBox(1600, 900, 1, { x: 1, y: 0.5 }), { left: 700, top: 0, width: 900, height: 900 });
  // A portrait cut to 16:9: full width, moved down to a subject low in the frame.
  assert.deepEqual(cropBox(600, 1000, 16 / 9, { x: 0.5, y: 0.8 }), { left: 0, top: 631, width: 600, height: 338 });
});

test('crop widths are never enlarged, and the box’s own width is kept when it is under the largest', () => {
  assert.deepEqual(cropWidths(CROPS.card, 2400), [320, 640, 960]);
  assert.deepEqual(cropWidths(CROPS.card, 960), [320, 640, 960]);
  assert.deepEqual(cropWidths(CROPS.card, 700), [320, 640, 700]);
  assert.deepEqual(cropWidths(CROPS.og, 800), [800]);
  assert.deepEqual(cropWidths(CROPS.square, 100), [100]);
});

test('the focal key is the focal point in whole percent', () => {
  assert.equal(focalKey({ x: 0.333, y: 0.5 }), '33-50');
  assert.equal(focalKey({ x: -1, y: 2 }), '0-100');
});
