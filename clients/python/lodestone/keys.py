"""Key files (`lodestone-key v1 <suite> <secret hex>`) and BIP340 signing with coincurve."""
import coincurve


class SigningKey:
    def __init__(self, secret: bytes):
        self._key = coincurve.PrivateKey(secret)
        # x-only public key: the compressed key without its parity byte.
        self.public_key = self._key.public_key.format(compressed=True)[1:]

    @classmethod
    def from_file(cls, path: str) -> "SigningKey":
        with open(path) as file:
            fields = file.read().split()
        if len(fields) != 4 or fields[:2] != ["lodestone-key", "v1"] or fields[2] != "1":
            raise ValueError(f"{path} is not a lodestone suite-1 key file")
        return cls(bytes.fromhex(fields[3]))

    def sign(self, message32: bytes, aux: bytes = None) -> bytes:
        return self._key.sign_schnorr(message32, aux) if aux is not None else self._key.sign_schnorr(message32)
