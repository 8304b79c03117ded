using QRCoder;

namespace Citrine.Server.Features.Checkout;

/// <summary>PNG QR codes with QRCoder's dependency-free PNG writer (no System.Drawing).</summary>
internal static class QrCodePng
{
    private const int PixelsPerModule = 8;

    public static byte[] Render(string content)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(PixelsPerModule);
    }
}
