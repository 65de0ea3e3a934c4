// The functions of RocksDB's C API that sov calls are defined by this target (RocksDBSubset.cpp) over RocksDB's
// C++ API; the declarations stay RocksDB's own <rocksdb/c.h>, imported through CRocksDB.
