// The part of RocksDB's C API (<rocksdb/c.h>) that sov uses, defined here over RocksDB's C++ API.
//
// Why: Debian's librocksdb.a puts the whole C API in one object file, c.cc.o, and linking it pulls in
// everything the C API can reach — transactions, backups, TTL and secondary databases, repair — about 1 MB of
// the release binary that sov never runs (issue 13). With every function sov calls defined here, the linker
// never takes c.cc.o from the archive. A new rocksdb_* call must be added here too: otherwise c.cc.o comes back,
// and its definitions clash with these at link time (a loud failure, never a silent one).
//
// Each function does what RocksDB's C API documents for it: errors as malloc'd strings through `errptr`
// (replacing an earlier one), values returned as malloc'd copies, iterator keys and values pointing into the
// iterator.

#include <rocksdb/c.h>
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/iterator.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace ROCKSDB_NAMESPACE;

struct rocksdb_t { DB* rep; };
struct rocksdb_options_t { Options rep; };
struct rocksdb_block_based_table_options_t { BlockBasedTableOptions rep; };
struct rocksdb_cache_t { std::shared_ptr<Cache> rep; };
struct rocksdb_readoptions_t { ReadOptions rep; };
struct rocksdb_writeoptions_t { WriteOptions rep; };
struct rocksdb_flushoptions_t { FlushOptions rep; };
struct rocksdb_compactoptions_t { CompactRangeOptions rep; };
struct rocksdb_envoptions_t { EnvOptions rep; };
struct rocksdb_ingestexternalfileoptions_t { IngestExternalFileOptions rep; };
struct rocksdb_iterator_t { Iterator* rep; };
struct rocksdb_writebatch_t { WriteBatch rep; };
struct rocksdb_sstfilewriter_t { SstFileWriter* rep; };

namespace {

// Stores `status`'s message in *errptr (freeing an earlier one); true when it is an error.
bool saveError(char** errptr, const Status& status) {
    if (status.ok()) return false;
    if (*errptr != nullptr) free(*errptr);
    *errptr = strdup(status.ToString().c_str());
    return true;
}

char* copyString(const std::string& text) {
    char* result = static_cast<char*>(malloc(text.size() == 0 ? 1 : text.size()));
    if (result != nullptr && !text.empty()) memcpy(result, text.data(), text.size());
    return result;
}

}  // namespace

extern "C" {

// Databases.

rocksdb_t* rocksdb_open(const rocksdb_options_t* options, const char* name, char** errptr) {
    DB* db = nullptr;
    if (saveError(errptr, DB::Open(options->rep, std::string(name), &db))) return nullptr;
    return new rocksdb_t{db};
}

rocksdb_t* rocksdb_open_for_read_only(const rocksdb_options_t* options, const char* name, unsigned char error_if_wal_file_exists,
                                      char** errptr) {
    DB* db = nullptr;
    if (saveError(errptr, DB::OpenForReadOnly(options->rep, std::string(name), &db, error_if_wal_file_exists != 0))) return nullptr;
    return new rocksdb_t{db};
}

void rocksdb_close(rocksdb_t* db) {
    delete db->rep;
    delete db;
}

char* rocksdb_get(rocksdb_t* db, const rocksdb_readoptions_t* options, const char* key, size_t keylen, size_t* vallen, char** errptr) {
    std::string value;
    Status status = db->rep->Get(options->rep, Slice(key, keylen), &value);
    if (status.ok()) {
        *vallen = value.size();
        return copyString(value);
    }
    *vallen = 0;
    if (!status.IsNotFound()) saveError(errptr, status);
    return nullptr;
}

void rocksdb_write(rocksdb_t* db, const rocksdb_writeoptions_t* options, rocksdb_writebatch_t* batch, char** errptr) {
    saveError(errptr, db->rep->Write(options->rep, &batch->rep));
}

void rocksdb_flush(rocksdb_t* db, const rocksdb_flushoptions_t* options, char** errptr) {
    saveError(errptr, db->rep->Flush(options->rep));
}

void rocksdb_compact_range_opt(rocksdb_t* db, rocksdb_compactoptions_t* opt, const char* start_key, size_t start_key_len,
                               const char* limit_key, size_t limit_key_len) {
    Slice start, limit;
    if (start_key != nullptr) start = Slice(start_key, start_key_len);
    if (limit_key != nullptr) limit = Slice(limit_key, limit_key_len);
    // As RocksDB's C API: the status is not reported.
    (void)db->rep->CompactRange(opt->rep, start_key != nullptr ? &start : nullptr, limit_key != nullptr ? &limit : nullptr);
}

void rocksdb_ingest_external_file(rocksdb_t* db, const char* const* file_list, const size_t list_len,
                                  const rocksdb_ingestexternalfileoptions_t* opt, char** errptr) {
    std::vector<std::string> files(file_list, file_list + list_len);
    saveError(errptr, db->rep->IngestExternalFile(files, opt->rep));
}

char* rocksdb_property_value(rocksdb_t* db, const char* propname) {
    std::string value;
    if (!db->rep->GetProperty(Slice(propname), &value)) return nullptr;
    return strdup(value.c_str());
}

// Iterators.

rocksdb_iterator_t* rocksdb_create_iterator(rocksdb_t* db, const rocksdb_readoptions_t* options) {
    return new rocksdb_iterator_t{db->rep->NewIterator(options->rep)};
}

void rocksdb_iter_destroy(rocksdb_iterator_t* iter) {
    delete iter->rep;
    delete iter;
}

unsigned char rocksdb_iter_valid(const rocksdb_iterator_t* iter) { return iter->rep->Valid(); }
void rocksdb_iter_seek(rocksdb_iterator_t* iter, const char* k, size_t klen) { iter->rep->Seek(Slice(k, klen)); }
void rocksdb_iter_seek_to_last(rocksdb_iterator_t* iter) { iter->rep->SeekToLast(); }
void rocksdb_iter_next(rocksdb_iterator_t* iter) { iter->rep->Next(); }
void rocksdb_iter_prev(rocksdb_iterator_t* iter) { iter->rep->Prev(); }

const char* rocksdb_iter_key(const rocksdb_iterator_t* iter, size_t* klen) {
    Slice key = iter->rep->key();
    *klen = key.size();
    return key.data();
}

const char* rocksdb_iter_value(const rocksdb_iterator_t* iter, size_t* vlen) {
    Slice value = iter->rep->value();
    *vlen = value.size();
    return value.data();
}

// Write batches.

rocksdb_writebatch_t* rocksdb_writebatch_create(void) { return new rocksdb_writebatch_t; }
void rocksdb_writebatch_destroy(rocksdb_writebatch_t* batch) { delete batch; }
void rocksdb_writebatch_clear(rocksdb_writebatch_t* batch) { batch->rep.Clear(); }
int rocksdb_writebatch_count(rocksdb_writebatch_t* batch) { return batch->rep.Count(); }

void rocksdb_writebatch_put(rocksdb_writebatch_t* batch, const char* key, size_t klen, const char* val, size_t vlen) {
    batch->rep.Put(Slice(key, klen), Slice(val, vlen));
}

void rocksdb_writebatch_delete(rocksdb_writebatch_t* batch, const char* key, size_t klen) { batch->rep.Delete(Slice(key, klen)); }

// Table files written outside the database, then ingested.

rocksdb_sstfilewriter_t* rocksdb_sstfilewriter_create(const rocksdb_envoptions_t* env, const rocksdb_options_t* io_options) {
    return new rocksdb_sstfilewriter_t{new SstFileWriter(env->rep, io_options->rep)};
}

void rocksdb_sstfilewriter_open(rocksdb_sstfilewriter_t* writer, const char* name, char** errptr) {
    saveError(errptr, writer->rep->Open(std::string(name)));
}

void rocksdb_sstfilewriter_put(rocksdb_sstfilewriter_t* writer, const char* key, size_t keylen, const char* val, size_t vallen,
                               char** errptr) {
    saveError(errptr, writer->rep->Put(Slice(key, keylen), Slice(val, vallen)));
}

void rocksdb_sstfilewriter_finish(rocksdb_sstfilewriter_t* writer, char** errptr) {
    saveError(errptr, writer->rep->Finish(nullptr));
}

void rocksdb_sstfilewriter_destroy(rocksdb_sstfilewriter_t* writer) {
    delete writer->rep;
    delete writer;
}

// Options.

rocksdb_options_t* rocksdb_options_create(void) { return new rocksdb_options_t; }
rocksdb_options_t* rocksdb_options_create_copy(rocksdb_options_t* options) { return new rocksdb_options_t(*options); }
void rocksdb_options_destroy(rocksdb_options_t* options) { delete options; }
void rocksdb_options_increase_parallelism(rocksdb_options_t* opt, int total_threads) { opt->rep.IncreaseParallelism(total_threads); }
void rocksdb_options_set_create_if_missing(rocksdb_options_t* opt, unsigned char v) { opt->rep.create_if_missing = v; }
void rocksdb_options_set_compression(rocksdb_options_t* opt, int t) { opt->rep.compression = static_cast<CompressionType>(t); }
void rocksdb_options_set_bottommost_compression(rocksdb_options_t* opt, int t) {
    opt->rep.bottommost_compression = static_cast<CompressionType>(t);
}
void rocksdb_options_set_keep_log_file_num(rocksdb_options_t* opt, size_t v) { opt->rep.keep_log_file_num = v; }
void rocksdb_options_set_max_log_file_size(rocksdb_options_t* opt, size_t v) { opt->rep.max_log_file_size = v; }
void rocksdb_options_set_max_open_files(rocksdb_options_t* opt, int n) { opt->rep.max_open_files = n; }
void rocksdb_options_set_max_write_buffer_number(rocksdb_options_t* opt, int n) { opt->rep.max_write_buffer_number = n; }
void rocksdb_options_set_memtable_vector_rep(rocksdb_options_t* opt) { opt->rep.memtable_factory.reset(new VectorRepFactory); }
void rocksdb_options_set_target_file_size_base(rocksdb_options_t* opt, uint64_t n) { opt->rep.target_file_size_base = n; }
void rocksdb_options_set_write_buffer_size(rocksdb_options_t* opt, size_t s) { opt->rep.write_buffer_size = s; }
void rocksdb_options_set_allow_concurrent_memtable_write(rocksdb_options_t* opt, unsigned char v) {
    opt->rep.allow_concurrent_memtable_write = v;
}
int rocksdb_options_get_level0_slowdown_writes_trigger(rocksdb_options_t* opt) { return opt->rep.level0_slowdown_writes_trigger; }

void rocksdb_options_set_block_based_table_factory(rocksdb_options_t* opt, rocksdb_block_based_table_options_t* table_options) {
    if (table_options != nullptr) opt->rep.table_factory.reset(NewBlockBasedTableFactory(table_options->rep));
}

rocksdb_block_based_table_options_t* rocksdb_block_based_options_create(void) { return new rocksdb_block_based_table_options_t; }
void rocksdb_block_based_options_destroy(rocksdb_block_based_table_options_t* options) { delete options; }
void rocksdb_block_based_options_set_block_size(rocksdb_block_based_table_options_t* options, size_t block_size) {
    options->rep.block_size = block_size;
}
void rocksdb_block_based_options_set_block_cache(rocksdb_block_based_table_options_t* options, rocksdb_cache_t* block_cache) {
    if (block_cache != nullptr) options->rep.block_cache = block_cache->rep;
}

rocksdb_cache_t* rocksdb_cache_create_lru(size_t capacity) { return new rocksdb_cache_t{NewLRUCache(capacity)}; }
void rocksdb_cache_destroy(rocksdb_cache_t* cache) { delete cache; }

rocksdb_readoptions_t* rocksdb_readoptions_create(void) { return new rocksdb_readoptions_t; }
void rocksdb_readoptions_destroy(rocksdb_readoptions_t* opt) { delete opt; }
rocksdb_writeoptions_t* rocksdb_writeoptions_create(void) { return new rocksdb_writeoptions_t; }
void rocksdb_writeoptions_destroy(rocksdb_writeoptions_t* opt) { delete opt; }
void rocksdb_writeoptions_set_sync(rocksdb_writeoptions_t* opt, unsigned char v) { opt->rep.sync = v; }
rocksdb_flushoptions_t* rocksdb_flushoptions_create(void) { return new rocksdb_flushoptions_t; }
void rocksdb_flushoptions_destroy(rocksdb_flushoptions_t* opt) { delete opt; }
void rocksdb_flushoptions_set_wait(rocksdb_flushoptions_t* opt, unsigned char v) { opt->rep.wait = v; }
rocksdb_compactoptions_t* rocksdb_compactoptions_create(void) { return new rocksdb_compactoptions_t; }
void rocksdb_compactoptions_destroy(rocksdb_compactoptions_t* opt) { delete opt; }
void rocksdb_compactoptions_set_bottommost_level_compaction(rocksdb_compactoptions_t* opt, unsigned char v) {
    opt->rep.bottommost_level_compaction = static_cast<BottommostLevelCompaction>(v);
}
rocksdb_envoptions_t* rocksdb_envoptions_create(void) { return new rocksdb_envoptions_t; }
void rocksdb_envoptions_destroy(rocksdb_envoptions_t* opt) { delete opt; }
rocksdb_ingestexternalfileoptions_t* rocksdb_ingestexternalfileoptions_create(void) { return new rocksdb_ingestexternalfileoptions_t; }
void rocksdb_ingestexternalfileoptions_destroy(rocksdb_ingestexternalfileoptions_t* opt) { delete opt; }
void rocksdb_ingestexternalfileoptions_set_move_files(rocksdb_ingestexternalfileoptions_t* opt, unsigned char move_files) {
    opt->rep.move_files = move_files;
}

}  // extern "C"
