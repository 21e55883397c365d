#!/usr/bin/env node
'use strict';

// Runs the s3rver command line with one correction: an object becomes visible only once its whole body arrived,
// as on real S3 (a PUT cut short is refused with IncompleteBody and leaves nothing behind). s3rver 3.7.1 writes
// the body straight under the object's final name, so a client killed mid-upload left a truncated object that
// listings and GETs returned: the crash tests would have been testing s3rver, not the job.
//
// Usage: node atomic-s3rver.js <s3rver package dir> <s3rver command-line arguments...>

const path = require('path');
const crypto = require('crypto');
const { IncomingMessage } = require('http');
const { Transform } = require('stream');

const [packageDir] = process.argv.splice(2, 1);
const fs = require(require.resolve('fs-extra', { paths: [packageDir] }));
const FilesystemStore = require(path.join(packageDir, 'lib', 'stores', 'filesystem'));
const S3Error = require(path.join(packageDir, 'lib', 'models', 'error'));

const original = FilesystemStore.prototype.putObject;
const originalGet = FilesystemStore.prototype.getObject;

// s3rver keeps an object's data, MD5 and metadata in three files. Replacing them is serialised with reads of the
// same object, so a GET never pairs new data with the old MD5 (the SDK would reject the ETag).
const locks = new Map();
async function exclusively(key, work) {
  const previous = locks.get(key) || Promise.resolve();
  let release;
  const mine = new Promise(resolve => { release = resolve; });
  const chained = previous.then(() => mine);
  locks.set(key, chained);
  await previous;
  try {
    return await work();
  } finally {
    release();
    if (locks.get(key) === chained) locks.delete(key);
  }
}

FilesystemStore.prototype.getObject = function getObjectConsistently(bucket, key, options) {
  return exclusively(this.getResourcePath(bucket, key, 'object'), () => originalGet.call(this, bucket, key, options));
};

FilesystemStore.prototype.putObject = async function putObjectAtomically(object) {
  if (Buffer.isBuffer(object.content)) return original.call(this, object);

  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  // Not ending in s3rver's object suffix, so listings and GETs never see it.
  const incoming = `${objectPath}.incoming-${crypto.randomBytes(6).toString('hex')}`;
  await fs.mkdirp(path.dirname(objectPath));

  const request = object.content instanceof IncomingMessage ? object.content : null;
  const [size, md5] = await new Promise((resolve, reject) => {
    const md5Context = crypto.createHash('md5');
    let size = 0;
    let settled = false;
    const fail = err => {
      if (settled) return;
      settled = true;
      fs.remove(incoming).finally(() => reject(err));
    };
    const writeStream = fs.createWriteStream(incoming);
    writeStream.on('error', fail);
    writeStream.on('finish', () => {
      if (settled) return;
      if (request && !request.complete) {
        fail(new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.'));
        return;
      }
      settled = true;
      resolve([size, md5Context.digest('hex')]);
    });
    const counting = new Transform({
      transform(chunk, encoding, callback) {
        md5Context.update(chunk, encoding);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    let ended = false;
    const endEarly = () => {
      if (ended || (request && request.complete)) return;
      ended = true;
      counting.end();
    };
    object.content.on('error', err => { writeStream.destroy(); fail(err); });
    // A connection dropped mid-body: end the file so 'finish' runs and refuses it.
    object.content.on('aborted', endEarly);
    object.content.on('close', endEarly);
    object.content.on('end', () => { ended = true; });
    object.content.pipe(counting).pipe(writeStream);
  });

  await exclusively(objectPath, async () => {
    await fs.rename(incoming, objectPath);
    await this.putMetadata(object.bucket, object.key, object.metadata, md5);
  });
  return { size, md5 };
};

// Conditional writes, as S3 has them: PUT with If-None-Match: * creates the object only if it does not exist, and
// with If-Match: <etag> replaces it only if it is still that version; otherwise 412 PreconditionFailed. s3rver 3.7.1
// ignores both headers. Conditional PUTs of one key are serialised, so that two of them never both succeed.
const objectController = require(path.join(packageDir, 'lib', 'controllers', 'object'));
const originalPutObject = objectController.putObject;
objectController.putObject = async function conditionalPutObject(ctx) {
  const ifNoneMatch = ctx.get('if-none-match');
  const ifMatch = ctx.get('if-match');
  if (!ifNoneMatch && !ifMatch) return originalPutObject.call(this, ctx);
  const { bucket, key } = ctx.params;
  const conditionKey = `conditional:${ctx.store.getResourcePath(bucket, key, 'object')}`;
  return exclusively(conditionKey, async () => {
    let current = null; // the object's ETag, quoted, or null when there is none
    try {
      current = (await ctx.store.getMetadata(bucket, key)).etag;
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
    const failed = (ifNoneMatch === '*' && current !== null) || (ifMatch && (current === null || ifMatch.replace(/^W\//, '') !== current));
    if (failed) {
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold',
        { Condition: ifNoneMatch ? 'If-None-Match' : 'If-Match' });
    }
    return originalPutObject.call(this, ctx);
  });
};

require(path.join(packageDir, 'bin', 's3rver.js'));
